class Settings {
  static const timeout = 1000;
  static const closeAuth = 4001;
}
