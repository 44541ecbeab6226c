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
	}
}
