// Node-RED for bench/edge.sh: loopback only, no editor, no credentials file, flows read from this directory.
module.exports = {
  uiHost: "127.0.0.1",
  uiPort: Number(process.env.BENCH_NODERED_PORT || 1880),
  httpAdminRoot: false,
  httpNodeRoot: false,
  flowFile: "flows.json",
  credentialSecret: false,
  logging: { console: { level: "info", metrics: false, audit: false } },
  functionGlobalContext: {},
};
