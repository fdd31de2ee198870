#!/usr/bin/env -S node --max-semi-space-size=32
// Entry point of the `orrery-proxy` command: the standalone CHP-compatible proxy.
// The flag doubles V8's young generation: the proxy allocates a little for each of tens of
// thousands of requests a second, and fewer scavenges cost it about 6% less CPU per request
// (resident memory did not grow). The proxy bench (test/bench/proxy.js) runs with these flags.
require('../dist/apps/proxy/src/main.js');
