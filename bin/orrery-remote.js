#!/usr/bin/env node
// Entry point of the `orrery-remote` command: the agent for notebook servers on other machines.
require('../dist/apps/remote/src/main.js');
