// The same client as tsc compiles a default parameter.
var Client = (function () {
    function Client(url) {
        this._ws = new WebSocket(url);
    }
    Client.prototype._abort = function (code, reason) {
        if (code === void 0) { code = 1001; }
        this._ws.close(code, reason);
    };
    Client.prototype._onError = function () {
        this._abort(undefined, 'error');
    };
    return Client;
}());
