console.log('rnn-string-reversal: not implemented yet');
