using Inclusion.Iot.Testing;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// A specialist edits a programme's timetable in real headless Chromium, in Ukrainian, with the plain form (the pages
/// have no script): from the list to the programme, its edit form, a new weekly slot, saved, shown on the programme.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProgrammePagesBrowserTests(MosquittoFixture broker, ChromiumFixture chromium)
{
    private const string HareProgramme = "ipr-p-5a1d3e";

    [Fact]
    public async Task A_specialist_adds_a_weekly_slot_to_a_programme_in_the_browser_and_sees_it_on_the_programme()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        var page = await chromium.NewPageAsync("uk-UA");
        await system.SignInAsync(page, "Specialist");

        await page.GotoAsync(new Uri(system.AdminUrl, "/programmes").ToString());
        await page.Locator($"a[href=\"/programmes/{HareProgramme}\"]").First.ClickAsync();
        await page.Locator("#edit").ClickAsync();
        await page.WaitForURLAsync($"**/programmes/{HareProgramme}/edit");
        Assert.Equal(0, await page.Locator("script").CountAsync());

        await page.Locator("select[name=\"Draft.Services[0].Slots[1].Day\"]").SelectOptionAsync("1");
        await page.Locator("input[name=\"Draft.Services[0].Slots[1].Start\"]").FillAsync("08:30");
        await page.Locator("#save").ClickAsync();
        await page.WaitForURLAsync("**done=saved**");

        var timetable = (await page.Locator("tr.service td.timetable").First.InnerTextAsync()).Trim();
        Assert.Contains("08:30–08:50", timetable, StringComparison.Ordinal);
        Assert.Contains("10:00–10:20", timetable, StringComparison.Ordinal);
        Assert.Equal("Програму збережено; кабінети отримають новий розклад під час наступної синхронізації.", (await page.Locator("#message").InnerTextAsync()).Trim());
    }
}
