// A code stored in an error under a key, which the socket closes with (ws's receiver).
const { kStatusCode } = require('./constants');

class Receiver {
  check(opcode, cb) {
    if (opcode > 10) {
      cb(this.createError(RangeError, 'invalid opcode', 1002));
    }
  }

  createError(ErrorCtor, message, statusCode) {
    const err = new ErrorCtor(message);
    err[kStatusCode] = statusCode;
    return err;
  }
}

function inflateError(err) {
  err[kStatusCode] = 1007;
  return err;
}

module.exports = { Receiver, inflateError };
