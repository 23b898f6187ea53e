package engine

import (
	"context"
	"math"
	"sync"
	"testing"
)

// TestConcurrentStores uses one Engine and Module from several goroutines, each with its own Store.
func TestConcurrentStores(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		ctx := context.Background()
		m := mustCompile(t, e, addModule())
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 20; i++ {
					s := e.NewStore(nil)
					inst, err := s.Instantiate(ctx, m, nil)
					if err != nil {
						errs <- err
						return
					}
					bag, err := s.Bag(ctx, []BagItem{{Name: "plus", From: inst, Export: "add"}})
					if err != nil {
						errs <- err
						return
					}
					f, err := bag.Func("plus")
					if err != nil {
						errs <- err
						return
					}
					res, err := f.Call(ctx, math.Float64bits(float64(i)), math.Float64bits(1))
					if err != nil || math.Float64frombits(res[0]) != float64(i+1) {
						errs <- err
						return
					}
					if err := s.Close(ctx); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("goroutine failed: %v", err)
		}
	})
}
