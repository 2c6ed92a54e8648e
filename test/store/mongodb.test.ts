import {it} from 'node:test';
import {openMongoStore} from '../../src/store/mongodb.ts';
import {runStoreContract} from './contract.ts';

const uri = process.env.HALLMARK_TEST_MONGODB_URI;

if (uri === undefined || uri === '') {
  const reason =
    'HALLMARK_TEST_MONGODB_URI is not set: no MongoDB server can be installed on this machine, so the MongoDB adapter contract run is skipped';
  console.log(reason);
  it('storage contract: mongodb', {skip: reason}, () => {});
} else {
  runStoreContract('mongodb', () => openMongoStore(uri, 'hallmark_test'));
}
