// aws-local-stepfunctions@3 calls Promise.withResolvers (Node >= 22): the same polyfill the local runtime uses.
import '../functions/local/polyfill';
import fc from 'fast-check';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Property tests draw new inputs on every run, which is how they find bugs on a developer's machine;
// in CI (`.ci/run` sets CI=true) they use one fixed seed, so a rare input cannot fail a submission
// at random. `FC_SEED=<n>` replays the seed a failure printed.
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261123' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
