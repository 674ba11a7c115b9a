import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** A greeting, or what can you do. */
export const help: IntentDeclaration = {
  name: 'help',
  description: '打招呼、菜单、能做什么',
  triggers: [
    ...phrases(1.3, '帮助', '菜单', '你能做什么', '你会什么', '有什么功能', '怎么用', '使用说明', /^\/?(help|start|menu)$/),
    ...phrases(1.0, /^(你好|您好|在吗|在不在|哈喽|hello|hi|喂|早上好|下午好|晚上好)[!！。.～~]*$/),
  ],
  examples: ['帮助', '你好', '你能做什么', '菜单'],
};
