// Where the fused recurrent ops come from. TEMPORARY: a plain-tf reference until @rnn/layers lands.
export { gruSequence, gruStep, lstmSequence, lstmStep } from './reference-ops.js';
