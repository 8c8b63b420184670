import { createSentimentCli } from './cli.js';

process.exitCode = await createSentimentCli().run(process.argv.slice(2));
