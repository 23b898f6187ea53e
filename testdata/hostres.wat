;; Test component importing a host-defined resource. Rebuild hostres.wasm with
;;   npx @bytecodealliance/jco parse hostres.wat -o hostres.wasm
(component
  (import "example:host/things@1.0.0" (instance $things
    (export "thing" (type $thing (sub resource)))
    (export "[constructor]thing" (func (param "v" u32) (result (own $thing))))
    (export "[method]thing.get" (func (param "self" (borrow $thing)) (result u32)))))
  (alias export $things "thing" (type $thing))
  (alias export $things "[constructor]thing" (func $new))
  (alias export $things "[method]thing.get" (func $get))
  (core func $new' (canon lower (func $new)))
  (core func $get' (canon lower (func $get)))
  (core func $drop' (canon resource.drop $thing))
  (core module $main
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "get" (func $get (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (global $h (mut i32) (i32.const 0))
    ;; run(v): make a thing, read it back twice (through borrows), drop it
    (func (export "run") (param i32) (result i32)
      (local $r i32)
      (global.set $h (call $new (local.get 0)))
      (local.set $r (i32.add (call $get (global.get $h)) (call $get (global.get $h))))
      (call $drop (global.get $h))
      (local.get $r))
    ;; keep(v): make a thing and keep it
    (func (export "keep") (param i32)
      (global.set $h (call $new (local.get 0))))
    ;; give(): hand the kept thing to the caller
    (func (export "give") (result i32) (global.get $h))
    ;; peek(t: borrow<thing>): pass the borrow on to the host, then drop it
    (func (export "peek") (param i32) (result i32)
      (local $r i32)
      (local.set $r (call $get (local.get 0)))
      (call $drop (local.get 0))
      (local.get $r)))
  (core instance $m (instantiate $main
    (with "" (instance
      (export "new" (func $new'))
      (export "get" (func $get'))
      (export "drop" (func $drop'))))))
  (func (export "run") (param "v" u32) (result u32) (canon lift (core func $m "run")))
  (func (export "keep") (param "v" u32) (canon lift (core func $m "keep")))
  (func (export "give") (result (own $thing)) (canon lift (core func $m "give")))
  (func (export "peek") (param "t" (borrow $thing)) (result u32) (canon lift (core func $m "peek")))
)
