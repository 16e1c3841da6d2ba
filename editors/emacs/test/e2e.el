;;; e2e.el --- batch end-to-end test of editors/emacs/wslsp.el -*- lexical-binding: t; -*-

;; Run by test/run.sh: emacs --batch -q -l test/e2e.el (site files load, as in a user's Emacs), with WSLSP_BIN and WSLSP_FIXTURE.
;; Eglot starts the real server through `wslsp-eglot-setup'; the test waits for the
;; reserved-code diagnostic of close(1006) in Flymake and asks for hover on close(1008).
;; Exits 0 on success, 1 with the reason otherwise; every wait is bounded.

;;; Code:

(require 'package)
(package-initialize)                    ; Debian's elpa-eglot lives in site-lisp/elpa
(add-to-list 'load-path (expand-file-name ".." (file-name-directory load-file-name)))
(require 'wslsp)
(require 'flymake)

(defconst wslsp-test-wait 20 "Seconds any single wait may take.")

(defun wslsp-test-wait-for (what predicate)
  "Process input until PREDICATE returns non-nil; fail after `wslsp-test-wait' s on WHAT."
  (let ((deadline (+ (float-time) wslsp-test-wait)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.05))))

(defun wslsp-test-code-position (code)
  "The buffer position of CODE in the first `close(CODE' of the buffer."
  (save-excursion
    (goto-char (point-min))
    (search-forward (concat "close(" code))
    (- (point) (length code))))

(defun wslsp-test-run ()
  (message "Emacs %s, Eglot %s" emacs-version
           (or (ignore-errors (package-desc-version (cadr (assq 'eglot package-alist)))) "?"))
  ;; The major modes tests/editors.rs expects from editors/languages.toml.
  (dolist (mode (split-string (or (getenv "WSLSP_EXPECT_MODES") "") "," t))
    (unless (memq (intern mode) wslsp-major-modes)
      (error "wslsp-major-modes lacks %s" mode)))
  (setq wslsp-command (list (getenv "WSLSP_BIN") "lsp"))
  (wslsp-eglot-setup)
  (find-file (getenv "WSLSP_FIXTURE"))
  (unless (eq major-mode 'js-mode) (error "Major mode is %s" major-mode))
  ;; What M-x eglot does, without the prompt.
  (apply #'eglot (eglot--guess-contact))
  (let ((server (eglot-current-server)))
    (unless server (error "Eglot did not connect"))
    (unless (equal (plist-get (eglot--server-info server) :name) "wslsp")
      (error "Connected to %S, not wslsp" (eglot--server-info server)))
    ;; Diagnostics of close(1006), through Flymake.
    (wslsp-test-wait-for "the reserved-code diagnostic" (lambda () (flymake-diagnostics)))
    (let ((diagnostics (flymake-diagnostics))
          (at (wslsp-test-code-position "1006")))
      (unless (= (length diagnostics) 1) (error "Diagnostics: %S" diagnostics))
      (let ((d (car diagnostics)))
        (unless (and (= (flymake-diagnostic-beg d) at)
                     (= (flymake-diagnostic-end d) (+ at 4))
                     (eq (flymake-diagnostic-type d) 'eglot-error)
                     (string-match-p "1006" (flymake-diagnostic-text d)))
          (error "Unexpected diagnostic: %S at %d-%d" (flymake-diagnostic-text d)
                 (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))))
    ;; Hover on close(1008), through Eglot's own request machinery.
    (goto-char (+ (wslsp-test-code-position "1008") 2))
    (let* ((hover (jsonrpc-request server :textDocument/hover
                                   (eglot--TextDocumentPositionParams)
                                   :timeout wslsp-test-wait))
           (value (plist-get (plist-get hover :contents) :value)))
      (unless (and (stringp value) (string-match-p "1008" value)
                   (string-match-p "Policy Violation" value))
        (error "Hover on 1008: %S" hover)))
    (eglot-shutdown server)
    (message "emacs e2e: diagnostics and hover OK")))

(condition-case err
    (progn (wslsp-test-run) (kill-emacs 0))
  (error (message "emacs e2e FAILED: %s" (error-message-string err))
         (kill-emacs 1)))

;;; e2e.el ends here
