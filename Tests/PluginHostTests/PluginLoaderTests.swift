import Foundation
import GatewayTesting
import PluginHost
import Testing

/// Loader failures, each a clear line naming the manifest and reason, with the other plugins still loaded.
@Suite struct PluginLoaderTests {
    /// A private plugins folder with the C example (`acme`) built and installed by a manifest.
    func folderWithExample() throws -> URL {
        let folder = try FixtureBuilder.temporaryDirectory()
        try FixtureBuilder.compile(FixtureBuilder.packageRoot.appendingPathComponent("Examples/c-venue/acme_venue.c"),
                                   to: folder.appendingPathComponent("libacme.so"))
        try write(folder, "acme.json", #"{"name":"acme","library":"./libacme.so"}"#)
        return folder
    }

    func write(_ folder: URL, _ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    func load(_ folder: URL) throws -> PluginCatalog {
        try PluginLoader.load(directory: folder, environment: [:])
    }

    func entry(_ catalog: PluginCatalog, _ manifest: String) -> PluginEntry {
        catalog.entries.first { $0.manifestFile.lastPathComponent == manifest }!
    }

    func expectExampleStillLoads(_ catalog: PluginCatalog) {
        #expect(entry(catalog, "acme.json").library?.descriptor.name == "acme")
    }

    @Test func loadsTheCExampleBuiltAgainstTheHeaderAlone() throws {
        let catalog = try load(try folderWithExample())
        let acme = try #require(entry(catalog, "acme.json").library)
        #expect(acme.descriptor.venues == ["acme"])
        #expect(acme.descriptor.abiMajor == 1)
        #expect(acme.descriptor.capabilities.contains(.cancelAll))
    }

    @Test func missingLibraryFile() throws {
        let folder = try folderWithExample()
        try write(folder, "ghost.json", #"{"name":"ghost","library":"./libghost.so"}"#)
        let catalog = try load(folder)
        let error = try #require(entry(catalog, "ghost.json").error)
        #expect(error.code == .libraryNotFound)
        #expect(error.message.contains("ghost.json") && error.message.contains("libghost.so") && error.message.contains("not found"))
        expectExampleStillLoads(catalog)
    }

    @Test func notASharedObject() throws {
        let folder = try folderWithExample()
        try write(folder, "libjunk.so", "this is not an ELF file")
        chmod(folder.appendingPathComponent("libjunk.so").path, 0o644)
        try write(folder, "junk.json", #"{"name":"junk","library":"./libjunk.so"}"#)
        let catalog = try load(folder)
        let error = try #require(entry(catalog, "junk.json").error)
        #expect(error.code == .notLoadable)
        #expect(error.message.contains("junk.json") && error.message.contains("dlopen"))
        expectExampleStillLoads(catalog)
    }

    @Test func missingEntrySymbol() throws {
        let folder = try folderWithExample()
        try FixtureBuilder.fixture("no_entry", in: folder)
        try write(folder, "noentry.json", #"{"name":"noentry","library":"./libno_entry.so"}"#)
        let catalog = try load(folder)
        let error = try #require(entry(catalog, "noentry.json").error)
        #expect(error.code == .missingEntry)
        #expect(error.message.contains("gw_plugin_entry"))
        expectExampleStillLoads(catalog)
    }

    @Test func abiMajorMismatchNamesBothVersions() throws {
        let folder = try folderWithExample()
        try FixtureBuilder.fixture("abi_major_2", in: folder)
        try write(folder, "abimajor2.json", #"{"name":"abimajor2","library":"./libabi_major_2.so"}"#)
        let catalog = try load(folder)
        let error = try #require(entry(catalog, "abimajor2.json").error)
        #expect(error.code == .abiMismatch)
        #expect(error.message.contains("ABI 2.") && error.message.contains("ABI 1."))
        expectExampleStillLoads(catalog)
    }

    @Test func descriptorTooSmallOrIncomplete() throws {
        let folder = try folderWithExample()
        try FixtureBuilder.fixture("small_struct", in: folder)
        try FixtureBuilder.fixture("null_create", in: folder)
        try FixtureBuilder.fixture("entry_null", in: folder)
        try write(folder, "small.json", #"{"name":"small","library":"./libsmall_struct.so"}"#)
        try write(folder, "nullcreate.json", #"{"name":"nullcreate","library":"./libnull_create.so"}"#)
        try write(folder, "entrynull.json", #"{"name":"entrynull","library":"./libentry_null.so"}"#)
        let catalog = try load(folder)
        let small = try #require(entry(catalog, "small.json").error)
        #expect(small.code == .abiMismatch && small.message.contains("16 bytes"))
        let nullCreate = try #require(entry(catalog, "nullcreate.json").error)
        #expect(nullCreate.code == .invalidDescriptor && nullCreate.message.contains("'create'"))
        let entryNull = try #require(entry(catalog, "entrynull.json").error)
        #expect(entryNull.code == .abiMismatch && entryNull.message.contains("returned NULL"))
        expectExampleStillLoads(catalog)
    }

    @Test func invalidManifestFieldsAreNamed() throws {
        let folder = try folderWithExample()
        try write(folder, "a-broken.json", #"{"name":"broken","libary":"./libacme.so"}"#)
        try write(folder, "b-notjson.json", "{ name: ")
        try write(folder, "c-enabled.json", #"{"name":"c","library":"x.so","enabled":"yes"}"#)
        try write(folder, "d-secret.json", #"{"name":"d","library":"x.so","credentials":{"secret":"hunter2"}}"#)
        let catalog = try load(folder)
        let typo = try #require(entry(catalog, "a-broken.json").error)
        #expect(typo.code == .invalidManifest)
        #expect(typo.message == "a-broken.json: unknown field 'libary' (did you mean 'library'?)")
        #expect(try #require(entry(catalog, "b-notjson.json").error).message.contains("not valid JSON"))
        #expect(try #require(entry(catalog, "c-enabled.json").error).message == "c-enabled.json: field 'enabled' must be true or false")
        let secret = try #require(entry(catalog, "d-secret.json").error)
        #expect(secret.message.contains("credentials.secret") && !secret.message.contains("hunter2"))
        expectExampleStillLoads(catalog)
    }

    @Test func hashPinMismatch() throws {
        let folder = try folderWithExample()
        let pin = String(repeating: "ab", count: 32)
        try write(folder, "acme.json", #"{"name":"acme","library":"./libacme.so","sha256":"\#(pin)"}"#)
        let catalog = try load(folder)
        let error = try #require(entry(catalog, "acme.json").error)
        #expect(error.code == .hashMismatch)
        #expect(error.message.contains(pin))
    }

    @Test func hashPinMatchLoads() throws {
        let folder = try folderWithExample()
        let first = try load(folder)
        let sha = try #require(entry(first, "acme.json").library?.sha256)
        try write(folder, "acme.json", #"{"name":"acme","library":"./libacme.so","sha256":"\#(sha.uppercased())"}"#)
        #expect(entry(try load(folder), "acme.json").library != nil)
    }

    @Test func writableLibraryIsRefused() throws {
        let folder = try folderWithExample()
        try FixtureBuilder.fixture("dup_venue", in: folder)
        chmod(folder.appendingPathComponent("libdup_venue.so").path, 0o666)
        try write(folder, "writable.json", #"{"name":"dupvenue","library":"./libdup_venue.so"}"#)
        let catalog = try load(folder)
        let error = try #require(entry(catalog, "writable.json").error)
        #expect(error.code == .insecurePermissions)
        #expect(error.message.contains("writable by group or others"))
        expectExampleStillLoads(catalog)
    }

    @Test func duplicateVenueIsRefused() throws {
        let folder = try folderWithExample()
        try FixtureBuilder.fixture("dup_venue", in: folder)
        try write(folder, "zz-dup.json", #"{"name":"dupvenue","library":"./libdup_venue.so"}"#)
        let catalog = try load(folder)
        let error = try #require(entry(catalog, "zz-dup.json").error)
        #expect(error.code == .duplicateVenue)
        #expect(error.message == "zz-dup.json: venue 'acme' is already served by acme.json; refusing a second plugin for it")
        expectExampleStillLoads(catalog)
    }

    @Test func manifestNameMustMatchDescriptor() throws {
        let folder = try folderWithExample()
        try write(folder, "acme.json", #"{"name":"binance","library":"./libacme.so"}"#)
        let error = try #require(entry(try load(folder), "acme.json").error)
        #expect(error.code == .invalidDescriptor)
        #expect(error.message.contains("'binance'") && error.message.contains("'acme'"))
    }

    @Test func disabledManifestIsListedNotLoaded() throws {
        let folder = try folderWithExample()
        try write(folder, "acme.json", #"{"name":"acme","library":"./libacme.so","enabled":false}"#)
        let acme = entry(try load(folder), "acme.json")
        guard case .disabled = acme.status else { Issue.record("expected disabled"); return }
    }

    @Test func swiftPaperPluginLoadsFromTheBuildFolder() throws {
        let folder = try FixtureBuilder.temporaryDirectory()
        try write(folder, "paper.json", #"{"name":"paper","library":"libPaper.so"}"#)
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        let paper = try #require(entry(catalog, "paper.json").library, "\(entry(catalog, "paper.json").error?.message ?? "")")
        #expect(paper.descriptor.name == "paper")
        #expect(paper.descriptor.venues == ["paper"])
    }
}
