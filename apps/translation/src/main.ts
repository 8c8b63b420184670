import { createCli } from './cli.js';

process.exitCode = await createCli().run(process.argv.slice(2));
