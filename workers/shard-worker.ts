// The piscina worker entry: serves its slot's part of each phase until the coordinator says stop.

import { workerTask } from '../src/parallel/worker-task.js';

export default workerTask();
