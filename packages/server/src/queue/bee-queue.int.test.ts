import { queueContract } from '../_test/queue-contract.js';

queueContract('redis', 'bee-queue');
