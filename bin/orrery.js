#!/usr/bin/env node
// Entry point of the `orrery` command: runs the compiled CLI (npm run build).
require('../dist/apps/hub/src/main.js').runCli();
