/**
 * cdktf's Jest matchers (toHaveResource, toHaveResourceWithProperties,
 * toHaveProvider, ...) for per-construct tests: importing this file
 * registers them and brings their types (cdktf/lib/testing/adapters/jest).
 */
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';

Testing.setupJest();
