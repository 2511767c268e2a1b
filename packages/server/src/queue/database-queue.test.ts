import { queueContract } from '../_test/queue-contract.js';

queueContract('sqlite', 'database');
queueContract('postgresql', 'database');
