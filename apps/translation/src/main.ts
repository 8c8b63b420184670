console.log('rnn-translation: not implemented yet');
