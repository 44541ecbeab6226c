fn main() {
	#[cfg(feature = "std")]
	{
		// The target directory lives outside the workspace, where the wasm builder cannot find
		// our Cargo.lock by walking up from OUT_DIR; point it at the workspace root instead.
		// Read the manifest directory when the script runs, not when it was compiled: cargo
		// reuses a compiled build script across clones of the repository.
		if let (None, Some(manifest)) =
			(std::env::var_os("WASM_BUILD_WORKSPACE_HINT"), std::env::var_os("CARGO_MANIFEST_DIR"))
		{
			let workspace = std::path::Path::new(&manifest).join("..");
			std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		}
		// Compile this crate to WebAssembly too: the on-chain runtime that nodes execute.
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		// And once more with `spec_version` one higher: the runtime upgrade that
		// docker/operations-test.sh authorizes by ballot and applies to a running consortium.
		// Only this crate is compiled twice (its dependencies are shared), and nothing embeds
		// the result: it lands beside the real one, in
		// wbuild/energy-runtime/next_spec_version.compact.compressed.wasm.
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("next-spec-version")
			.set_file_name("next_spec_version")
			.build();
		// And with every pallet's `try_state` and the `TryRuntime` API, which `energy-node
		// try-runtime` runs against a live chain's state: wbuild/energy-runtime/try_runtime.*.
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("try-runtime")
			.set_file_name("try_runtime")
			.build();
	}
}
