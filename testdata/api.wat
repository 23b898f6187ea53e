;; Test component for the weft API: scalars, strings, lists of records,
;; traps, invalid values, and a guest-defined resource. Rebuild api.wasm with
;;   npx @bytecodealliance/jco parse api.wat -o api.wasm
(component
  (core module $m
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; bump allocator; post-return resets it
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq
                (memory.grow
                  (i32.add
                    (i32.shr_u
                      (i32.sub (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
                      (i32.const 16))
                    (i32.const 1)))
                (i32.const -1))
            (then unreachable))))
      (local.get $p))
    (func (export "reset32") (param i32) (global.set $next (i32.const 1024)))
    (func (export "reset64") (param i64) (global.set $next (i32.const 1024)))
    (func (export "add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 0))
      (i32.store (i32.const 20) (local.get 1))
      (i32.const 16))
    (func (export "sum") (param $p i32) (param $n i32) (result i64)
      (local $acc i64) (local $end i32)
      (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
      (block $done
        (loop $l
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_s (i32.load (local.get $p)))))
          (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_s (i32.load offset=4 (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br $l)))
      (local.get $acc))
    (func (export "boom") unreachable)
    (func (export "spin") (loop $l (br $l)))
    (func (export "bad-char") (result i32) (i32.const 0xD800))
    (func (export "bad-enum") (result i32) (i32.const 5))
  )
  (core instance $i (instantiate $m))

  (core module $rimpl
    (global $dropped (mut i32) (i32.const 0))
    (func (export "dtor") (param i32)
      (global.set $dropped (i32.add (global.get $dropped) (i32.const 1))))
    (func (export "dropped") (result i32) (global.get $dropped)))
  (core instance $ri (instantiate $rimpl))
  (alias core export $ri "dtor" (core func $dtor))
  (type $counter' (resource (rep i32) (dtor (core func $dtor))))
  (core func $rnew (canon resource.new $counter'))
  (core module $rglue
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
    (func (export "get") (param i32) (result i32) (local.get 0)))
  (core instance $rg (instantiate $rglue (with "" (instance (export "new" (func $rnew))))))

  (type $point' (record (field "x" s32) (field "y" s32)))
  (export $point "point" (type $point'))
  (type $e' (enum "a" "b"))
  (export $e "e" (type $e'))
  (export $counter "counter" (type $counter'))
  (type $points (list $point))

  (func (export "add") (param "a" f64) (param "b" f64) (result f64)
    (canon lift (core func $i "add")))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory (core memory $i "memory"))
      (realloc (core func $i "cabi_realloc")) (post-return (core func $i "reset32"))))
  (func (export "sum") (param "ps" $points) (result s64)
    (canon lift (core func $i "sum") (memory (core memory $i "memory"))
      (realloc (core func $i "cabi_realloc")) (post-return (core func $i "reset64"))))
  (func (export "boom") (canon lift (core func $i "boom")))
  (func (export "spin") (canon lift (core func $i "spin")))
  (func (export "bad-char") (result char) (canon lift (core func $i "bad-char")))
  (func (export "bad-enum") (result $e) (canon lift (core func $i "bad-enum")))
  (func (export "make-counter") (param "n" u32) (result (own $counter))
    (canon lift (core func $rg "make")))
  (func (export "counter-get") (param "c" (borrow $counter)) (result u32)
    (canon lift (core func $rg "get")))
  (func (export "dropped") (result u32) (canon lift (core func $ri "dropped")))
)
