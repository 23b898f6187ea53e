package engine

import (
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Backend is the kind of code generation an Engine uses.
type Backend uint8

const (
	// BackendAuto uses the optimizing compiler where wazero supports it, else the interpreter.
	BackendAuto Backend = iota
	// BackendCompiler compiles to native code ahead of execution.
	BackendCompiler
	// BackendInterpreter interprets; it starts faster and runs slower.
	BackendInterpreter
)

// String returns "auto", "compiler" or "interpreter".
func (b Backend) String() string {
	switch b {
	case BackendAuto:
		return "auto"
	case BackendCompiler:
		return "compiler"
	case BackendInterpreter:
		return "interpreter"
	}
	return fmt.Sprintf("backend(%d)", uint8(b))
}

// Features is a set of core WebAssembly features beyond WebAssembly 2.0, which is always on.
type Features uint32

const (
	// FeatureThreads enables shared memories and atomic instructions.
	FeatureThreads Features = 1 << iota
	// FeatureTailCall enables return_call and return_call_indirect.
	FeatureTailCall
	// FeatureExtendedConst enables arithmetic in constant expressions.
	FeatureExtendedConst
	// FeatureExceptionHandling enables tags, throw and try_table (exnref). Experimental in wazero.
	FeatureExceptionHandling
)

// DefaultFeatures is what current toolchains emit and wazero supports without known caveats.
const DefaultFeatures = FeatureThreads | FeatureTailCall | FeatureExtendedConst

// String lists the enabled features separated by '|', e.g. "threads|tail-call".
func (f Features) String() string {
	var names []string
	for _, n := range []struct {
		f    Features
		name string
	}{{FeatureThreads, "threads"}, {FeatureTailCall, "tail-call"}, {FeatureExtendedConst, "extended-const"}, {FeatureExceptionHandling, "exception-handling"}} {
		if f&n.f != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, "|")
}

func (f Features) core() api.CoreFeatures {
	c := api.CoreFeaturesV2
	if f&FeatureThreads != 0 {
		c |= experimental.CoreFeaturesThreads
	}
	if f&FeatureTailCall != 0 {
		c |= experimental.CoreFeaturesTailCall
	}
	if f&FeatureExtendedConst != 0 {
		c |= experimental.CoreFeaturesExtendedConst
	}
	if f&FeatureExceptionHandling != 0 {
		c |= experimental.CoreFeaturesExceptionHandling
	}
	return c
}

// Config configures an Engine. It is an immutable value: each With method returns a changed copy
// and never fails; problems surface in New.
//
//	cfg := engine.NewConfig().WithBackend(engine.BackendInterpreter).WithMemoryLimitPages(256)
type Config struct {
	backend          Backend
	cacheDir         string
	memoryLimitPages uint32
	features         Features
	interruptible    bool
}

// NewConfig returns the default configuration: BackendAuto, no compilation cache, wazero's
// memory limit (65536 pages, 4 GiB), DefaultFeatures, calls not interrupted by their context.
func NewConfig() Config {
	return Config{features: DefaultFeatures}
}

// WithBackend selects the compiler or the interpreter.
func (c Config) WithBackend(b Backend) Config { c.backend = b; return c }

// WithCacheDir keeps compiled code in dir across processes ("" turns the cache off).
func (c Config) WithCacheDir(dir string) Config { c.cacheDir = dir; return c }

// WithMemoryLimitPages caps every linear memory at pages 64 KiB pages (0 means wazero's default of 65536).
func (c Config) WithMemoryLimitPages(pages uint32) Config { c.memoryLimitPages = pages; return c }

// WithFeatures replaces the enabled post-2.0 core features.
func (c Config) WithFeatures(f Features) Config { c.features = f; return c }

// WithInterruptOnContextDone makes a running call stop when its context is cancelled or
// times out; the call fails with an error wrapping the context's error and the Store is
// poisoned. It costs some speed in compiled code.
func (c Config) WithInterruptOnContextDone(on bool) Config { c.interruptible = on; return c }

// Backend returns the configured backend.
func (c Config) Backend() Backend { return c.backend }

// Features returns the enabled post-2.0 core features.
func (c Config) Features() Features { return c.features }

func (c Config) runtimeConfig() (wazero.RuntimeConfig, error) {
	var rc wazero.RuntimeConfig
	switch c.backend {
	case BackendAuto:
		rc = wazero.NewRuntimeConfig()
	case BackendCompiler:
		rc = wazero.NewRuntimeConfigCompiler()
	case BackendInterpreter:
		rc = wazero.NewRuntimeConfigInterpreter()
	default:
		return nil, fmt.Errorf("engine: unknown backend %d", c.backend)
	}
	if c.memoryLimitPages > 65536 {
		return nil, fmt.Errorf("engine: memory limit %d pages exceeds the 32-bit maximum of 65536", c.memoryLimitPages)
	}
	if c.memoryLimitPages != 0 {
		rc = rc.WithMemoryLimitPages(c.memoryLimitPages)
	}
	if c.features&^(FeatureThreads|FeatureTailCall|FeatureExtendedConst|FeatureExceptionHandling) != 0 {
		return nil, fmt.Errorf("engine: unknown features 0x%x", uint32(c.features))
	}
	return rc.WithCoreFeatures(c.features.core()).
		WithCloseOnContextDone(c.interruptible), nil
}
