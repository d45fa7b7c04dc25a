#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a fresh clone needs no build step.
require('tsx/cjs');
require('../functions/cli/main.ts').main();
