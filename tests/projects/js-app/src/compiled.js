// What tsc emits for `enum Status { Gone = 1015 }`.
var Status;
(function (Status) {
  Status[Status["Gone"] = 1015] = "Gone";
})(Status || (Status = {}));
exports.Status = Status;
