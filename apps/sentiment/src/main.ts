console.log('rnn-sentiment: not implemented yet');
