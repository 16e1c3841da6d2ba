'use strict';

// Depending on ws does not make a project ws: with no import in this file, these calls are
// anything's (a database's close(code)).
class Pool {
  receiverOnError(err) {
    this.close(1002, 'Invalid frame');
  }

  tooBig(db) {
    db.close(1009);
  }
}

function cleanup(file, f) {
  file.close();
  setTimeout(f, 1000);
}

module.exports = Pool;
