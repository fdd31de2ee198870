#!/usr/bin/env -S node --max-semi-space-size=32
// Entry point of the `orrery` command: runs the compiled CLI (npm run build).
// The flag is orrery-proxy.js's (see there), for the proxy the hub embeds.
require('../dist/apps/hub/src/main.js').runCli();
