// The migrations are written once, in SQLite's terms; on PostgreSQL this plugin turns
// those terms into their PostgreSQL equals, so a released migration is never edited
// and both engines get the same numbered files.
import {
  ColumnDefinitionNode,
  DataTypeNode,
  GeneratedNode,
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

class SqliteTermsToPostgres extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node);
    // SQLite's `integer primary key autoincrement` is a 64-bit rowid never reused:
    // an identity column (Kysely would print the SQLite keyword as it is).
    if (!column.autoIncrement) return column;
    return ColumnDefinitionNode.cloneWith(column, {
      autoIncrement: false,
      generated: GeneratedNode.create({ byDefault: true, identity: true }),
    });
  }

  // A SQLite INTEGER holds 64 bits; PostgreSQL's `integer` only 32: a counter or a seq
  // past 2^31 would fail on one engine and not on the other.
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    return node.dataType === 'integer' ? DataTypeNode.create('bigint') : node;
  }
}

/** Apply to the handle the migrations run on, on PostgreSQL only. */
export class PostgresDdlPlugin implements KyselyPlugin {
  private readonly transformer = new SqliteTermsToPostgres();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
