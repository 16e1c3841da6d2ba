// Look-alikes: stores under a loop index, and under a key no close call reads.
const { kLimit } = require('./constants');

const codes = [];
for (let i = 0; i < 3; i++) {
  codes[i] = 1000;
}
const options = {};
options[kLimit] = 1001;
module.exports = { codes, options };
