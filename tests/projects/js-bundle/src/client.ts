export class Client {
  private _ws: WebSocket;
  constructor(url: string) {
    this._ws = new WebSocket(url);
  }
  private _disconnect(code: number = 1000, reason?: string) {
    this._ws.close(code, reason);
  }
  close(code?: number, reason?: string) {
    this._disconnect(code, reason);
  }
  private _onError = () => {
    this._disconnect(undefined, 'error');
  };
  private _onTimeout = () => {
    this.close(undefined, 'timeout');
  };
  private _onKick = () => {
    this._disconnect(4001, 'kicked');
  };
}
