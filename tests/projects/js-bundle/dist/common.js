// An enum as esbuild emits it: the function renames the enum, and the module exports it
// under a short alias.
var CloseCode = /* @__PURE__ */ ((CloseCode2) => {
  CloseCode2[CloseCode2["BadRequest"] = 4400] = "BadRequest";
  CloseCode2[CloseCode2["Forbidden"] = 4403] = "Forbidden";
  return CloseCode2;
})(CloseCode || {});
var Timing = /* @__PURE__ */ ((Timing2) => {
  Timing2[Timing2["Wait"] = 1000] = "Wait";
  return Timing2;
})(Timing || {});
export { CloseCode as C, Timing as T };
