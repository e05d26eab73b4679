// jest globalSetup: see graph-contract-check.mjs.
import { setup } from './graph-contract-check.mjs';

export default setup;
