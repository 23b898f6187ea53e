;; Test component for reentrance: the host import "cb" is called by the
;; nested component $C; the test's cb calls back into the component.
;; Rebuild reenter.wasm with
;;   npx @bytecodealliance/jco parse reenter.wat -o reenter.wasm
(component
  (import "cb" (func $cb (param "what" u32)))
  (component $C
    (import "cb" (func $cb (param "what" u32)))
    (core func $cb' (canon lower (func $cb)))
    (core module $M
      (import "" "cb" (func $cb (param i32)))
      (func (export "run") (param i32) (call $cb (local.get 0))))
    (core instance $m (instantiate $M (with "" (instance (export "cb" (func $cb'))))))
    (func (export "run") (param "what" u32) (canon lift (core func $m "run"))))
  (component $S
    (core module $M (func (export "ping") (result i32) (i32.const 7)))
    (core instance $m (instantiate $M))
    (func (export "ping") (result u32) (canon lift (core func $m "ping"))))
  (instance $c (instantiate $C (with "cb" (func $cb))))
  (instance $s (instantiate $S))
  (core module $P (func (export "ping") (result i32) (i32.const 1)))
  (core instance $p (instantiate $P))
  (func (export "run") (alias export $c "run"))
  (func (export "sibling-ping") (alias export $s "ping"))
  (func (export "parent-ping") (result u32) (canon lift (core func $p "ping")))
)
