;; Test component importing host functions: an instance import with a
;; semver version and a plain function import. Rebuild host.wasm with
;;   npx @bytecodealliance/jco parse host.wat -o host.wasm
(component
  (import "example:host/log@0.2.1" (instance $log
    (export "log" (func (param "msg" string)))))
  (import "double" (func $double (param "x" u32) (result u32)))
  (core module $mem (memory (export "memory") 1))
  (core instance $mi (instantiate $mem))
  (alias export $log "log" (func $logf))
  (core func $log' (canon lower (func $logf) (memory (core memory $mi "memory"))))
  (core func $double' (canon lower (func $double)))
  (core module $main
    (import "env" "memory" (memory 1))
    (import "env" "log" (func $log (param i32 i32)))
    (import "env" "double" (func $double (param i32) (result i32)))
    (data (i32.const 100) "hello")
    (func (export "hello") (call $log (i32.const 100) (i32.const 5)))
    (func (export "quad") (param i32) (result i32)
      (call $double (call $double (local.get 0))))
    ;; a realloc that calls out of the instance, which it may not do
    (func (export "bad-realloc") (param i32 i32 i32 i32) (result i32)
      (drop (call $double (i32.const 1)))
      (i32.const 256))
    (func (export "length") (param i32 i32) (result i32) (local.get 1)))
  (core instance $main (instantiate $main
    (with "env" (instance
      (export "memory" (memory $mi "memory"))
      (export "log" (func $log'))
      (export "double" (func $double'))))))
  (func (export "hello") (canon lift (core func $main "hello")))
  (func (export "quad") (param "x" u32) (result u32) (canon lift (core func $main "quad")))
  (func (export "length") (param "s" string) (result u32)
    (canon lift (core func $main "length") (memory (core memory $mi "memory"))
      (realloc (core func $main "bad-realloc"))))
)
