// Entry of the bundled CLI (dist/cli/bin.mjs, built by scripts/build-cli.mjs); bin/mamori.js imports it.
export { main } from './main.js';
