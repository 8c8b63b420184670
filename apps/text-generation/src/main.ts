console.log('rnn-text-generation: not implemented yet');
