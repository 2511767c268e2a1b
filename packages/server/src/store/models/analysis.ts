import { BaseModel } from './base-model.js';

// Tables for attack paths and reports. Their services arrive with the attack-path and report
// features; the schema is here so the whole domain migrates at once.

export class PathNodeModel extends BaseModel {
  static override tableName = 'path_nodes';
}

export class PathEdgeModel extends BaseModel {
  static override tableName = 'path_edges';
}

export class AttackPathModel extends BaseModel {
  static override tableName = 'attack_paths';
  static override get relationMappings() {
    return {
      nodes: {
        relation: BaseModel.HasManyRelation,
        modelClass: PathNodeModel,
        join: { from: 'attack_paths.id', to: 'path_nodes.path_id' },
      },
      edges: {
        relation: BaseModel.HasManyRelation,
        modelClass: PathEdgeModel,
        join: { from: 'attack_paths.id', to: 'path_edges.path_id' },
      },
    };
  }
}

export class ReportTemplateModel extends BaseModel {
  static override tableName = 'report_templates';
  static override jsonAttributes = ['sections'];
}

export class ReportModel extends BaseModel {
  static override tableName = 'reports';
  static override jsonAttributes = ['parameters'];
}

export class ReportScheduleModel extends BaseModel {
  static override tableName = 'report_schedules';
  static override jsonAttributes = ['recipients'];
}
