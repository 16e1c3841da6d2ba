;;; wslsp.el --- wslsp, the WebSocket close-code language server, for Eglot -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.3") (eglot "1.9"))
;; SPDX-License-Identifier: MIT OR Apache-2.0

;;; Commentary:

;; Registers `wslsp lsp' with Eglot for the major modes of the languages wslsp reads, so that
;; M-x eglot (or `eglot-ensure' in a mode hook) gives hover, diagnostics (Flymake) and quick
;; fixes for WebSocket close codes (RFC 6455 §7.4).
;;
;;   (add-to-list 'load-path "/path/to/wslsp/editors/emacs")
;;   (require 'wslsp)
;;   (wslsp-eglot-setup)
;;
;; Eglot runs one server per buffer: for these modes wslsp then takes the place of the
;; language's own server (see editors/README.md).

;;; Code:

(require 'eglot)

(defgroup wslsp nil
  "WebSocket close-code checks through the wslsp language server."
  :group 'eglot
  :prefix "wslsp-")

(defcustom wslsp-command '("wslsp" "lsp")
  "The command that starts the wslsp language server on stdio."
  :type '(repeat string))

(defcustom wslsp-major-modes
  ;; Keep in step with editors/languages.toml (tests/editors.rs checks it).
  '(js-mode js-ts-mode js-jsx-mode
    typescript-mode typescript-ts-mode tsx-ts-mode
    python-mode python-ts-mode
    go-mode go-ts-mode
    rust-mode rust-ts-mode
    java-mode java-ts-mode
    kotlin-mode kotlin-ts-mode
    csharp-mode csharp-ts-mode
    c++-mode c++-ts-mode c-mode c-ts-mode
    swift-mode dart-mode
    php-mode php-ts-mode
    ruby-mode ruby-ts-mode)
  "The major modes whose buffers Eglot connects to wslsp."
  :type '(repeat symbol))

(defcustom wslsp-initialization-options '(:inlayHints t)
  "The server's settings, sent as `initializationOptions' (a plist).
For example (:inlayHints t :severity (:unassigned-code \"error\" :server-only-code \"off\")).
Settings can also change later through `eglot-workspace-configuration' under :wslsp."
  :type 'plist)

(defun wslsp--contact ()
  "The Eglot contact for wslsp: `wslsp-command' and `wslsp-initialization-options'."
  (append wslsp-command (list :initializationOptions wslsp-initialization-options)))

;;;###autoload
(defun wslsp-eglot-setup ()
  "Make Eglot start wslsp in the buffers of `wslsp-major-modes'.
The entry goes first in `eglot-server-programs', so it wins over the modes' own servers."
  (setq eglot-server-programs
        (cons (cons wslsp-major-modes (lambda (&rest _) (wslsp--contact)))
              (seq-remove (lambda (entry) (eq (car entry) wslsp-major-modes))
                          eglot-server-programs))))

(provide 'wslsp)
;;; wslsp.el ends here
