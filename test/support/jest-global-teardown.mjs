// jest globalTeardown: see graph-contract-check.mjs.
import { teardown } from './graph-contract-check.mjs';

export default teardown;
