import GongkaiKit
