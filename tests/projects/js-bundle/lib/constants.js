module.exports = {
  kStatusCode: Symbol('status-code'),
  kLimit: Symbol('limit'),
};
