#!/usr/bin/env node
// The `huimin` command: runs the built CLI (npm run build first).
import '../dist/cli/huimin.js';
