#!/usr/bin/env node
// `npm run mcp` and the `ipfs-kit-mcp` bin: the MCP server over stdio, compiled on first
// use (and after a change) by run-tool, like the demo and the bench. Stdout carries only
// the MCP protocol; the compiler's and the server's messages go to stderr.
process.argv.splice(2, 0, 'apps/api', 'src/app/mcp/mcp-stdio.main.ts');
require('./run-tool.cjs');
