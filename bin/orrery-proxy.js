#!/usr/bin/env node
// Entry point of the `orrery-proxy` command: the standalone CHP-compatible proxy.
require('../dist/apps/proxy/src/main.js');
