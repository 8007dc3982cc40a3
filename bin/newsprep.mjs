#!/usr/bin/env node
// The newsprep command: bundles pipeline/main.ts (bin/bundle.mjs) and runs it.
import { bundle, projectRoot } from "./bundle.mjs"

process.env.NEWSPREP_ROOT ??= projectRoot
await import(bundle("pipeline/main.ts", "cli").href)
