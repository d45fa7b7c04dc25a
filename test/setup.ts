// aws-local-stepfunctions@3 calls Promise.withResolvers (Node >= 22): the same polyfill the local runtime uses.
import '../functions/local/polyfill';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
