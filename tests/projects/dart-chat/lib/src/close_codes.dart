/// Application close codes.
abstract final class CloseCodes {
  static const int unauthorized = 4001;
  static const sessionExpired = 4002;
}

/// An enhanced enum carrying its code.
enum AppClose {
  banned(4003),
  rateLimited(4008);

  const AppClose(this.code);
  final int code;
}

const kicked = 4004;
