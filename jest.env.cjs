// Runs before every test file (jest `setupFiles`). Test files each load their own tfjs, so a
// multi-threaded wasm backend would start 8 pthread workers per file; the suites run on one thread
// unless RNN_WASM_THREADS is set, and the thread tests ask for threads explicitly.
process.env.RNN_WASM_THREADS ??= '1';
