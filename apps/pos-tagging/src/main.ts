console.log('rnn-pos-tagging: not implemented yet');
